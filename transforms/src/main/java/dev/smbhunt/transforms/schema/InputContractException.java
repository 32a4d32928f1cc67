package dev.smbhunt.transforms.schema;

/**
 * Input that breaks the lake contract. The message names the table, the column and what was found.
 */
public class InputContractException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public InputContractException(String message) {
    super(message);
  }
}
