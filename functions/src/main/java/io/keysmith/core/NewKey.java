package io.keysmith.core;

import java.util.List;

/** CreateKey's request, as the core sees it; null members take AWS's defaults. */
public record NewKey(String description, KeySpec keySpec, KeyUsage keyUsage, Origin origin, List<Tag> tags) {}
