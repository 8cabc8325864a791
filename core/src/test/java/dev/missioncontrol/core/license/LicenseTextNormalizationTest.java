package dev.missioncontrol.core.license;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class LicenseTextNormalizationTest {

    private static final String MIT = """
            Copyright (c) 2020 Example Corp.

            Permission is hereby granted, free of charge, to any person obtaining a copy
            of this software and associated documentation files (the "Software"), to deal
            in the Software without restriction.
            """;

    @Test
    void caseWhitespaceQuotesAndDashesDoNotChangeTheNormalisedHash() {
        String variant = "COPYRIGHT 2024 Someone Else\r\n  permission is HEREBY granted,\tfree of charge, to any person obtaining a copy "
                + "of this software and associated documentation files (the \u201CSoftware\u201D), to deal in the Software without restriction.";
        var a = LicenseTextNormalization.hashes(MIT);
        var b = LicenseTextNormalization.hashes(variant);
        assertEquals(a.normalizedSha256(), b.normalizedSha256());
        assertNotEquals(a.rawSha256(), b.rawSha256());
    }

    @Test
    void normalisesEachRule() {
        assertEquals("a b", LicenseTextNormalization.normalize("  A \n\t\u00A0B  "));
        assertEquals("'x' 'y' 'z'", LicenseTextNormalization.normalize("\"x\" \u2018y\u2019 \u00ABz\u00BB"));
        assertEquals("a-b-c-d", LicenseTextNormalization.normalize("a\u2013b\u2014c\u2212d"));
        assertEquals("keep this", LicenseTextNormalization.normalize("Copyright 2020 X\n(c) 2021 Y\n\u00A9 Z\nkeep this"));
        // Only whole copyright lines are dropped; bullets and numbering are kept.
        assertEquals("1. the work, copyright notices kept inline", LicenseTextNormalization.normalize("1. The work, copyright notices kept inline"));
    }

    @Test
    void oneChangedWordChangesTheNormalisedHash() {
        var a = LicenseTextNormalization.hashes(MIT);
        var b = LicenseTextNormalization.hashes(MIT.replace("free of charge", "free of fees"));
        assertNotEquals(a.normalizedSha256(), b.normalizedSha256());
    }

    @Test
    void rawHashIsTheHashOfTheBytes() {
        var h = LicenseTextNormalization.hashes("abc".getBytes(StandardCharsets.UTF_8));
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", h.rawSha256());
        assertEquals(h.rawSha256(), h.normalizedSha256());
        assertEquals(64, h.normalizedSha256().length());
    }
}
