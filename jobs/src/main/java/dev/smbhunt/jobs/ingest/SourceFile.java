package dev.smbhunt.jobs.ingest;

import java.io.Serializable;

/**
 * One export file as listed: its identity for the manifest is (path, size, modification time), so
 * an hourly append blob that grew since the last run is read again (its old records are then
 * duplicates).
 */
public record SourceFile(String path, long size, long modifiedMillis) implements Serializable {}
