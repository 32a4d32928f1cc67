package dev.smbhunt.jobs.generate;

import java.io.Serializable;

/** A planted case's block: where on its device's timeline the case happens. */
record Placement(String caseId, long blockStart) implements Serializable {}
