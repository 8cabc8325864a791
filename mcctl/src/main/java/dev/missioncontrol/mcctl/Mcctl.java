package dev.missioncontrol.mcctl;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** mcctl: the Mission Control command-line tool. */
@Command(name = "mcctl", mixinStandardHelpOptions = true, version = "mcctl 0.1.0",
        description = "Mission Control command-line tool.",
        subcommands = {AuditCommand.class, MeteringCommand.class, XaiCommand.class, WarmCommand.class, AccessReviewCommand.class,
                ExperimentCommand.class, ProvenanceCommand.class, OnboardingCommand.class})
public class Mcctl {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        return new CommandLine(new Mcctl()).execute(args);
    }
}
