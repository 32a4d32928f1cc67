package dev.smbhunt.jobs.generate;

/**
 * One DeviceFileCertificateInfo row: the periodic check of {@code image}'s signature on a device.
 */
record CertificateEvent(long timestamp, Image image) {}
