package io.keysmith.enclave;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORParser;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** The CBOR this package reads (COSE_Sign1 and its payload) and writes (the Sig_structure that is signed). */
final class CborDocument {
    static final int COSE_SIGN1_TAG = 18;
    /** What Jackson reports for an item without a tag. */
    private static final int NO_TAG = -1;

    private static final CBORMapper MAPPER = new CBORMapper();

    private CborDocument() {}

    /**
     * The COSE_Sign1 array, which must be the whole input. The Nitro Security Module sends it untagged,
     * as RFC 9052 allows where the type is known; tag 18 is accepted too, and any other tag is refused.
     */
    static JsonNode readCoseSign1(byte[] document) {
        try (CBORParser parser = ((CBORFactory) MAPPER.getFactory()).createParser(document)) {
            if (parser.nextToken() != JsonToken.START_ARRAY
                    || (parser.getCurrentTag() != NO_TAG && parser.getCurrentTag() != COSE_SIGN1_TAG)) {
                throw new AttestationException(
                        "it is not a COSE_Sign1 structure (a CBOR array, untagged or with tag 18)");
            }
            JsonNode item = MAPPER.readTree(parser);
            if (parser.nextToken() != null) {
                throw new AttestationException("it has bytes after the COSE_Sign1 structure");
            }
            return item;
        } catch (IOException e) {
            throw new AttestationException("it is not well-formed CBOR");
        }
    }

    static JsonNode read(byte[] cbor, String what) {
        try {
            return MAPPER.readTree(cbor);
        } catch (IOException e) {
            throw new AttestationException("its " + what + " is not well-formed CBOR");
        }
    }

    /** Sig_structure = ["Signature1", protected, external_aad = h'', payload] (RFC 9052, 4.4). */
    static byte[] sigStructure(byte[] protectedHeader, byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x84);
        byte[] context = "Signature1".getBytes(StandardCharsets.US_ASCII);
        head(out, 3, context.length);
        out.writeBytes(context);
        for (byte[] bytes : new byte[][] {protectedHeader, new byte[0], payload}) {
            head(out, 2, bytes.length);
            out.writeBytes(bytes);
        }
        return out.toByteArray();
    }

    /** A CBOR initial byte and length, in the shortest form. */
    private static void head(ByteArrayOutputStream out, int majorType, long length) {
        int major = majorType << 5;
        if (length < 24) {
            out.write(major | (int) length);
        } else if (length < 0x100) {
            out.write(major | 24);
            out.write((int) length);
        } else if (length < 0x10000) {
            out.write(major | 25);
            out.write((int) (length >>> 8));
            out.write((int) length);
        } else {
            out.write(major | 26);
            for (int shift = 24; shift >= 0; shift -= 8) {
                out.write((int) (length >>> shift));
            }
        }
    }
}
