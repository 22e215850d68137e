package dev.ringback.adapters.http;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The platform's error shape: {@code {"error": "..."}}. */
record ErrorBody(@JsonProperty("error") String error) {}
