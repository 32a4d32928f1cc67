package dev.smbhunt.jobs.generate;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** The devices of a lake: a few servers first, then workstations. */
final class Fleet {
  static final String DOMAIN_SUFFIX = ".contoso.local";
  private static final String[] SERVER_KINDS = {"fs", "app", "sql", "web", "print", "util"};
  private static final String[] FIRST_NAMES = {
    "alex", "bea", "chris", "dana", "eli", "fran", "gus", "hana", "ivan", "jo", "kim", "lou", "max",
    "nina", "otto", "pia", "quinn", "rosa", "sam", "tess", "uma", "vic", "wes", "yara", "zoe"
  };
  private static final String[] LAST_NAMES = {
    "berg", "costa", "dietz", "evans", "fox", "garcia", "holm", "ito", "jansen", "khan", "lind",
    "moreau", "novak", "ortiz", "park", "quist", "rossi", "silva", "tan", "ueda", "vogel", "weiss"
  };

  private Fleet() {}

  /**
   * About one device in five is a server, and there is always at least one: some cases need one.
   */
  static int serverCount(int devices) {
    return Math.max(1, devices / 5);
  }

  /** A private address per device, unique up to {@link GeneratorOptions#MAX_DEVICES}. */
  private static String address(int firstBlock, int n) {
    return "10." + (firstBlock + n / 62_500) + "." + (n / 250 % 250) + "." + (n % 250 + 2);
  }

  static List<Device> of(GeneratorOptions options) {
    int servers = serverCount(options.devices());
    List<Device> fleet = new ArrayList<>(options.devices());
    for (int i = 0; i < options.devices(); i++) {
      SplittableRandom rng = Hashes.stream(options.seed(), i, "identity");
      String deviceId = Hashes.sha1("device|" + options.seed() + "|" + i);
      String user =
          FIRST_NAMES[rng.nextInt(FIRST_NAMES.length)]
              + "."
              + LAST_NAMES[rng.nextInt(LAST_NAMES.length)];
      Account account =
          Account.domainUser(user + (i + 1), 1100 + i, 0x10000L + rng.nextLong(0xFFFFFFL));
      if (i < servers) {
        String name =
            String.format(
                "srv-%s%02d", SERVER_KINDS[i % SERVER_KINDS.length], i / SERVER_KINDS.length + 1);
        String ip = address(10, i);
        fleet.add(new Device(i, deviceId, name + DOMAIN_SUFFIX, Device.Role.SERVER, ip, account));
      } else {
        String name = String.format("ws-%04d", i - servers + 1);
        String ip = address(40, i - servers);
        fleet.add(
            new Device(i, deviceId, name + DOMAIN_SUFFIX, Device.Role.WORKSTATION, ip, account));
      }
    }
    return fleet;
  }
}
