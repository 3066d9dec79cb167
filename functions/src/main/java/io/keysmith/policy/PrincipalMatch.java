package io.keysmith.policy;

/**
 * How a statement's principal covers a caller. {@link #ACCOUNT} is the account principal ({@code 111122223333} or
 * {@code arn:aws:iam::111122223333:root}) covering a caller of that account: in a key policy AWS reads it as
 * "the account's own policies decide", so it allows nothing by itself there.
 */
public enum PrincipalMatch {
    NONE,
    DIRECT,
    ACCOUNT
}
