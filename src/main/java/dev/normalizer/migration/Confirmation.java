package dev.normalizer.migration;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/** Asks the operator before a change, unless {@code --yes} was given: on the command's output, answered on stdin. */
final class Confirmation {

    private Confirmation() {
    }

    static void require(PrintWriter out, boolean yes, String question)
            throws CommandSupport.CommandException, IOException {
        if (yes) {
            return;
        }
        out.print(question + " Type 'yes' to go on: ");
        out.flush();
        String answer = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        if (!"yes".equals(answer == null ? null : answer.trim())) {
            throw new CommandSupport.CommandException("not confirmed; nothing was changed (use --yes to skip asking)");
        }
    }
}
