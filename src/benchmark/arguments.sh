# Sourced by the benchmark's scripts. whole_numbers USAGE VALUE...: stops the script with its usage line (exit 2)
# unless every VALUE is a whole number, before anything is built or installed.
whole_numbers() {
  local usage="$1"
  shift
  local value
  for value in "$@"; do
    if ! [[ "$value" =~ ^[0-9]+$ ]]; then
      echo "usage: $0 $usage" >&2
      exit 2
    fi
  done
}
