package dev.normalizer.migration;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a command found and did: sections of named figures, each section passed or failed. It prints as readable
 * text and is written to {@code reports/<timestamp>-<command>.txt} and {@code .json}.
 */
public final class Report {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).enable(SerializationFeature.INDENT_OUTPUT);

    /** A titled group of figures, OK or not. */
    public static final class Section {
        private final String title;
        private final Map<String, Object> figures = new LinkedHashMap<>();
        private boolean ok = true;

        Section(String title) {
            this.title = title;
        }

        public Section put(String name, Object value) {
            figures.put(name, value);
            return this;
        }

        /** Marks the section failed when {@code condition} is false; a failed section fails the command. */
        public Section require(boolean condition) {
            ok &= condition;
            return this;
        }

        public boolean ok() {
            return ok;
        }

        public String title() {
            return title;
        }

        public Map<String, Object> figures() {
            return figures;
        }
    }

    private final String command;
    private final Instant started = Instant.now();
    private final List<Section> sections = new ArrayList<>();

    public Report(String command) {
        this.command = command;
    }

    public Section section(String title) {
        Section section = new Section(title);
        sections.add(section);
        return section;
    }

    public boolean ok() {
        return sections.stream().allMatch(Section::ok);
    }

    public List<Section> sections() {
        return sections;
    }

    public String toText() {
        StringBuilder text = new StringBuilder();
        text.append(command).append(" — ").append(ok() ? "OK" : "FAILED").append(" (started ").append(started)
                .append(")\n");
        for (Section section : sections) {
            text.append('\n').append(section.ok ? "[ok]     " : "[FAILED] ").append(section.title).append('\n');
            section.figures.forEach((name, value) -> text.append("    ").append(name).append(": ").append(value)
                    .append('\n'));
        }
        return text.toString();
    }

    /** Writes the text and JSON forms under {@code dir} and returns the text file. */
    public Path write(Path dir) {
        try {
            Files.createDirectories(dir);
            String base = STAMP.format(started) + "-" + command;
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("command", command);
            json.put("startedAt", started.toString());
            json.put("ok", ok());
            List<Map<String, Object>> list = new ArrayList<>();
            for (Section section : sections) {
                Map<String, Object> s = new LinkedHashMap<>();
                s.put("title", section.title);
                s.put("ok", section.ok);
                s.put("figures", section.figures);
                list.add(s);
            }
            json.put("sections", list);
            Files.writeString(dir.resolve(base + ".json"), JSON.writeValueAsString(json));
            Path text = dir.resolve(base + ".txt");
            Files.writeString(text, toText());
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the report into " + dir, e);
        }
    }
}
