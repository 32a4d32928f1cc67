package dev.smbhunt.jobs.generate;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** The account a process runs as; {@code logonId} is the logon session MDE reports with it. */
record Account(String domain, String name, String sid, String upn, String objectId, long logonId)
    implements Serializable {

  static final Account SYSTEM = new Account("nt authority", "system", "S-1-5-18", null, null, 999L);
  static final Account LOCAL_SERVICE =
      new Account("nt authority", "local service", "S-1-5-19", null, null, 997L);
  static final Account NETWORK_SERVICE =
      new Account("nt authority", "network service", "S-1-5-20", null, null, 996L);

  /** A domain user: the SID's RID and the Entra object id follow from the user index. */
  static Account domainUser(String name, int rid, long logonId) {
    String objectId =
        UUID.nameUUIDFromBytes(("user|" + name).getBytes(StandardCharsets.UTF_8)).toString();
    return new Account(
        "contoso",
        name,
        "S-1-5-21-1004336348-1177238915-682003330-" + rid,
        name + "@contoso.com",
        objectId,
        logonId);
  }
}
