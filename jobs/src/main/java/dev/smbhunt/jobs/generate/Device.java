package dev.smbhunt.jobs.generate;

import java.io.Serializable;

/**
 * One onboarded device.
 *
 * @param index position in the fleet; seeds the device's random streams
 * @param user the interactive user of a workstation; servers use it for the occasional admin logon
 */
record Device(
    int index, String deviceId, String deviceName, Role role, String ipAddress, Account user)
    implements Serializable {

  enum Role {
    WORKSTATION,
    SERVER
  }

  boolean isServer() {
    return role == Role.SERVER;
  }
}
