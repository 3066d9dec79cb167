package io.keysmith.core;

import java.time.Instant;

/** An alias: its full name ({@code alias/...}), the key id it points at, and its dates. */
public record AliasRecord(String aliasName, String targetKeyId, Instant creationDate, Instant lastUpdatedDate) {}
