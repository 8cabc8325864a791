package dev.missioncontrol.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** One pinned license text: {spdxId, listVersion} to the SHA-256 of its normalised text. */
public class LicensePin {

    public static final String SPDX_PATTERN = "^[A-Za-z0-9.+-]+$";
    public static final String LIST_VERSION_PATTERN = "^[0-9A-Za-z][-.0-9A-Za-z]*$";
    public static final String SHA256_PATTERN = "^[a-f0-9]{64}$";

    @Required
    @Size(min = 1, max = 128)
    @Pattern(SPDX_PATTERN)
    @JsonPropertyDescription("SPDX license identifier, e.g. MIT or CC-BY-4.0.")
    private String spdxId;

    @Required
    @Size(min = 1, max = 32)
    @Pattern(LIST_VERSION_PATTERN)
    @JsonPropertyDescription("The SPDX license list version the text was taken from, e.g. 3.22.")
    private String listVersion;

    @Required
    @Pattern(SHA256_PATTERN)
    @JsonPropertyDescription("SHA-256 (64 lower-case hex digits) of the normalised license text (docs/federationcohort.md, "
            + "License text pinning and drift).")
    private String sha256;

    @Size(max = 1024)
    @JsonPropertyDescription("Why and by whom this text was pinned; for people.")
    private String note;

    public LicensePin() {
    }

    public LicensePin(String spdxId, String listVersion, String sha256) {
        this.spdxId = spdxId;
        this.listVersion = listVersion;
        this.sha256 = sha256;
    }

    public String getSpdxId() {
        return spdxId;
    }

    public void setSpdxId(String spdxId) {
        this.spdxId = spdxId;
    }

    public String getListVersion() {
        return listVersion;
    }

    public void setListVersion(String listVersion) {
        this.listVersion = listVersion;
    }

    public String getSha256() {
        return sha256;
    }

    public void setSha256(String sha256) {
        this.sha256 = sha256;
    }

    public String getNote() {
        return note;
    }

    public void setNote(String note) {
        this.note = note;
    }
}
