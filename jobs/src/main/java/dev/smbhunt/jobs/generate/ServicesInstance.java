package dev.smbhunt.jobs.generate;

import java.io.Serializable;

/**
 * One run of services.exe between two boots: the rule joins on its PID and measures its boot grace
 * from its start time.
 *
 * @param bootTime when the device started booting (the kernel's start)
 * @param rpcPort the dynamic RPC port the SCM listens on during this run
 * @param quietBoot a planted reboot: its boot emits only the boot itself, so the case controls
 *     every services.exe event around it
 */
record ServicesInstance(
    long pid,
    long start,
    long wininitPid,
    long wininitStart,
    int rpcPort,
    long bootTime,
    boolean quietBoot)
    implements Serializable {}
