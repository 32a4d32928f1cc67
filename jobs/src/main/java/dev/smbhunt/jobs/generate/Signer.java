package dev.smbhunt.jobs.generate;

import java.io.Serializable;
import java.time.LocalDate;

/** A code-signing identity, as DeviceFileCertificateInfo describes it. */
record Signer(
    String name,
    String issuer,
    String signatureType,
    boolean rootSignerMicrosoft,
    String crlUrl,
    LocalDate validFrom,
    LocalDate validTo)
    implements Serializable {

  static final Signer MICROSOFT_WINDOWS =
      new Signer(
          "Microsoft Windows",
          "Microsoft Windows Production PCA 2011",
          "Catalog",
          true,
          "http://www.microsoft.com/pkiops/crl/MicWinProPCA2011_2011-10-19.crl",
          LocalDate.of(2024, 2, 15),
          LocalDate.of(2025, 11, 13));
  static final Signer MICROSOFT_CORPORATION =
      new Signer(
          "Microsoft Corporation",
          "Microsoft Code Signing PCA 2011",
          "Embedded",
          true,
          "http://www.microsoft.com/pkiops/crl/MicCodSigPCA2011_2011-07-08.crl",
          LocalDate.of(2024, 8, 22),
          LocalDate.of(2025, 8, 21));
  static final Signer GOOGLE =
      new Signer(
          "Google LLC",
          "DigiCert Trusted G4 Code Signing RSA4096 SHA384 2021 CA1",
          "Embedded",
          false,
          "http://crl3.digicert.com/DigiCertTrustedG4CodeSigningRSA4096SHA3842021CA1.crl",
          LocalDate.of(2024, 7, 1),
          LocalDate.of(2027, 7, 1));
  static final Signer ADOBE =
      new Signer(
          "Adobe Inc.",
          "DigiCert Trusted G4 Code Signing RSA4096 SHA384 2021 CA1",
          "Embedded",
          false,
          "http://crl3.digicert.com/DigiCertTrustedG4CodeSigningRSA4096SHA3842021CA1.crl",
          LocalDate.of(2024, 1, 19),
          LocalDate.of(2026, 1, 20));
  static final Signer CONTOSO =
      new Signer(
          "Contoso Ltd",
          "Sectigo Public Code Signing CA R36",
          "Embedded",
          false,
          "http://crl.sectigo.com/SectigoPublicCodeSigningCAR36.crl",
          LocalDate.of(2024, 3, 4),
          LocalDate.of(2027, 3, 3));

  String signerHash() {
    return Hashes.sha1("signer|" + name + "|" + validFrom);
  }

  String issuerHash() {
    return Hashes.sha1("issuer|" + issuer);
  }

  String serialNumber() {
    return Hashes.sha1("serial|" + name + "|" + validFrom).substring(0, 32);
  }

  String crlDistributionPointUrls() {
    return "[\"" + crlUrl + "\"]";
  }

  long validFromMicros() {
    return Micros.startOf(validFrom);
  }

  long validToMicros() {
    return Micros.startOf(validTo);
  }
}
