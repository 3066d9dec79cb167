package io.keysmith.rootkey;

import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.Provider;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/** AES-256-GCM wrapping shared by the root-key adapters: output is IV (12) || ciphertext || tag (16). */
final class AesGcm {
    static final int IV_LENGTH = 12;
    private static final int TAG_BITS = 128;

    private AesGcm() {
    }

    static byte[] seal(Key key, Provider provider, SecureRandom random, byte[] plaintext, byte[] aad)
            throws GeneralSecurityException {
        byte[] iv = new byte[IV_LENGTH];
        random.nextBytes(iv);
        Cipher cipher = cipher(provider);
        cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
        cipher.updateAAD(aad);
        byte[] sealed = cipher.doFinal(plaintext);
        byte[] out = Arrays.copyOf(iv, IV_LENGTH + sealed.length);
        System.arraycopy(sealed, 0, out, IV_LENGTH, sealed.length);
        return out;
    }

    /** @throws AEADBadTagException when the wrapped bytes or the AAD were altered */
    static byte[] open(Key key, Provider provider, byte[] wrapped, byte[] aad) throws GeneralSecurityException {
        if (wrapped.length < IV_LENGTH + TAG_BITS / 8) {
            throw new AEADBadTagException("wrapped material too short");
        }
        Cipher cipher = cipher(provider);
        cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, wrapped, 0, IV_LENGTH));
        cipher.updateAAD(aad);
        return cipher.doFinal(wrapped, IV_LENGTH, wrapped.length - IV_LENGTH);
    }

    private static Cipher cipher(Provider provider) throws GeneralSecurityException {
        return provider == null ? Cipher.getInstance("AES/GCM/NoPadding") : Cipher.getInstance("AES/GCM/NoPadding", provider);
    }
}
