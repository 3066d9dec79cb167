package io.keysmith.rootkey;

import io.keysmith.rootkey.Pkcs11RootKey.Pkcs11Exception;
import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What SunPKCS11 keeps to itself: the attributes of a key found by label, and a key generated from a
 * template of our own. It talks to the token that SunPKCS11 has opened and logged in to, through the
 * JDK's own PKCS#11 wrapper ({@code sun.security.pkcs11.wrapper}), on a session of its own; the login
 * is the application's, so that session sees the private objects. The wrapper is not exported, so the
 * JVM needs {@value #ADD_EXPORTS_OPTION}: the runner's jar manifest says so ({@code Add-Exports}), and the
 * Lambda function sets it in {@code JAVA_TOOL_OPTIONS}. Reflection keeps the build itself free of it.
 */
final class Pkcs11Token {
    static final String ADD_EXPORTS_OPTION =
            "--add-exports=jdk.crypto.cryptoki/sun.security.pkcs11.wrapper=ALL-UNNAMED";
    private static final String WRAPPER = "sun.security.pkcs11.wrapper.";

    // PKCS#11 v2.40 constants
    static final long CKA_CLASS = 0x000;
    static final long CKA_TOKEN = 0x001;
    static final long CKA_PRIVATE = 0x002;
    static final long CKA_LABEL = 0x003;
    static final long CKA_KEY_TYPE = 0x100;
    static final long CKA_SENSITIVE = 0x103;
    static final long CKA_ENCRYPT = 0x104;
    static final long CKA_DECRYPT = 0x105;
    static final long CKA_WRAP = 0x106;
    static final long CKA_UNWRAP = 0x107;
    static final long CKA_SIGN = 0x108;
    static final long CKA_VERIFY = 0x10A;
    static final long CKA_VALUE_LEN = 0x161;
    static final long CKA_EXTRACTABLE = 0x162;
    static final long CKA_DERIVE = 0x10C;
    static final long CKO_SECRET_KEY = 0x4;
    static final long CKK_GENERIC_SECRET = 0x10;
    static final long CKK_AES = 0x1F;
    static final long CKM_GENERIC_SECRET_KEY_GEN = 0x350;
    private static final long CKF_RW_SESSION = 0x2;
    private static final long CKF_SERIAL_SESSION = 0x4;

    /** A secret key's attributes, as the token reports them. */
    record KeyAttributes(
            long keyType,
            boolean token,
            boolean sensitive,
            boolean extractable,
            boolean sign,
            boolean decrypt,
            long valueLength,
            boolean derive) {}

    private final Object p11;
    private final long slot;
    private final Class<?> attributeClass;
    private final Constructor<?> booleanAttribute;
    private final Constructor<?> longAttribute;
    private final Constructor<?> objectAttribute;
    private final Constructor<?> emptyAttribute;
    private final Constructor<?> mechanism;
    private final Method openSession;
    private final Method closeSession;
    private final Method findObjectsInit;
    private final Method findObjects;
    private final Method findObjectsFinal;
    private final Method getAttributeValue;
    private final Method generateKey;
    private final Method getBoolean;
    private final Method getLong;

    private Pkcs11Token(Object p11, long slot) throws ReflectiveOperationException {
        this.p11 = p11;
        this.slot = slot;
        Class<?> pkcs11 = p11.getClass();
        attributeClass = Class.forName(WRAPPER + "CK_ATTRIBUTE");
        Class<?> attributes = attributeClass.arrayType();
        Class<?> mechanismClass = Class.forName(WRAPPER + "CK_MECHANISM");
        Class<?> notify = Class.forName(WRAPPER + "CK_NOTIFY");
        booleanAttribute = attributeClass.getConstructor(long.class, boolean.class);
        longAttribute = attributeClass.getConstructor(long.class, long.class);
        objectAttribute = attributeClass.getConstructor(long.class, Object.class);
        emptyAttribute = attributeClass.getConstructor(long.class);
        mechanism = mechanismClass.getConstructor(long.class);
        openSession = pkcs11.getMethod("C_OpenSession", long.class, long.class, Object.class, notify);
        closeSession = pkcs11.getMethod("C_CloseSession", long.class);
        findObjectsInit = pkcs11.getMethod("C_FindObjectsInit", long.class, attributes);
        findObjects = pkcs11.getMethod("C_FindObjects", long.class, long.class);
        findObjectsFinal = pkcs11.getMethod("C_FindObjectsFinal", long.class);
        getAttributeValue = pkcs11.getMethod("C_GetAttributeValue", long.class, long.class, attributes);
        generateKey = pkcs11.getMethod("C_GenerateKey", long.class, mechanismClass, attributes);
        getBoolean = attributeClass.getMethod("getBoolean");
        getLong = attributeClass.getMethod("getLong");
    }

    /**
     * The token of a SunPKCS11 configuration, after SunPKCS11 has initialised its library: the wrapper
     * keeps one instance per library path, so this is the same one, with the same login.
     */
    static Pkcs11Token of(String config, Path configFile) {
        String library = setting(config, "library");
        if (library == null) {
            throw new Pkcs11Exception("the PKCS#11 configuration " + configFile + " names no library");
        }
        String slot = setting(config, "slot");
        String slotListIndex = setting(config, "slotListIndex");
        try {
            Class<?> pkcs11 = Class.forName(WRAPPER + "PKCS11");
            Class<?> initArgs = Class.forName(WRAPPER + "CK_C_INITIALIZE_ARGS");
            Object p11 = pkcs11.getMethod("getInstance", String.class, String.class, initArgs, boolean.class)
                    .invoke(null, library, "C_GetFunctionList", null, false);
            long slotId;
            if (slot != null) {
                slotId = Long.decode(slot);
            } else {
                long[] slots = (long[])
                        pkcs11.getMethod("C_GetSlotList", boolean.class).invoke(p11, false);
                int index = slotListIndex == null ? 0 : Integer.decode(slotListIndex);
                if (index < 0 || index >= slots.length) {
                    throw new Pkcs11Exception("the PKCS#11 configuration " + configFile + " names slot list index "
                            + index + ", but the library has " + slots.length + " slots");
                }
                slotId = slots[index];
            }
            return new Pkcs11Token(p11, slotId);
        } catch (IllegalAccessException e) {
            throw notExported();
        } catch (InvocationTargetException e) {
            throw failed("opening the token", e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new Pkcs11Exception("this JVM's PKCS#11 wrapper is not the one Keysmith knows: " + e);
        }
    }

    private static final Pattern SETTING =
            Pattern.compile("^\\s*(\\w+)\\s*=\\s*\"?([^\"\\r\\n]*?)\"?\\s*$", Pattern.MULTILINE);

    private static final Pattern PROPERTY = Pattern.compile("\\$\\{([^}]+)}");

    /** A setting of the SunPKCS11 configuration, with its ${system.property} references expanded as SunPKCS11 does. */
    private static String setting(String config, String name) {
        Matcher m = SETTING.matcher(config);
        while (m.find()) {
            if (m.group(1).equals(name)) {
                return PROPERTY.matcher(m.group(2))
                        .replaceAll(p -> Matcher.quoteReplacement(System.getProperty(p.group(1), p.group())));
            }
        }
        return null;
    }

    /** The handles of the token's secret keys labelled {@code label}. */
    long[] secretKeys(String label) {
        return inSession(false, session -> {
            Object template = template(
                    longAttribute.newInstance(CKA_CLASS, CKO_SECRET_KEY),
                    objectAttribute.newInstance(CKA_LABEL, label));
            findObjectsInit.invoke(p11, session, template);
            try {
                return (long[]) findObjects.invoke(p11, session, 16L);
            } finally {
                findObjectsFinal.invoke(p11, session);
            }
        });
    }

    KeyAttributes attributes(long handle) {
        return inSession(false, session -> {
            long[] types = {
                CKA_KEY_TYPE,
                CKA_TOKEN,
                CKA_SENSITIVE,
                CKA_EXTRACTABLE,
                CKA_SIGN,
                CKA_DECRYPT,
                CKA_VALUE_LEN,
                CKA_DERIVE
            };
            Object template = Array.newInstance(attributeClass, types.length);
            for (int i = 0; i < types.length; i++) {
                Array.set(template, i, emptyAttribute.newInstance(types[i]));
            }
            getAttributeValue.invoke(p11, session, handle, template);
            return new KeyAttributes(
                    (long) getLong.invoke(Array.get(template, 0)),
                    flag(Array.get(template, 1)),
                    flag(Array.get(template, 2)),
                    flag(Array.get(template, 3)),
                    flag(Array.get(template, 4)),
                    flag(Array.get(template, 5)),
                    (long) getLong.invoke(Array.get(template, 6)),
                    flag(Array.get(template, 7)));
        });
    }

    /**
     * Generates the HMAC root key in the HSM ({@code CKM_GENERIC_SECRET_KEY_GEN}): a 32-byte generic
     * secret token object, private, sensitive, never extractable, for sign and verify only (no encrypt,
     * decrypt, wrap, unwrap or derive).
     */
    long createHmacKey(String label) {
        return inSession(true, session -> {
            Object template = template(
                    longAttribute.newInstance(CKA_CLASS, CKO_SECRET_KEY),
                    longAttribute.newInstance(CKA_KEY_TYPE, CKK_GENERIC_SECRET),
                    longAttribute.newInstance(CKA_VALUE_LEN, 32L),
                    objectAttribute.newInstance(CKA_LABEL, label),
                    booleanAttribute.newInstance(CKA_TOKEN, true),
                    booleanAttribute.newInstance(CKA_PRIVATE, true),
                    booleanAttribute.newInstance(CKA_SENSITIVE, true),
                    booleanAttribute.newInstance(CKA_EXTRACTABLE, false),
                    booleanAttribute.newInstance(CKA_SIGN, true),
                    booleanAttribute.newInstance(CKA_VERIFY, true),
                    booleanAttribute.newInstance(CKA_ENCRYPT, false),
                    booleanAttribute.newInstance(CKA_DECRYPT, false),
                    booleanAttribute.newInstance(CKA_WRAP, false),
                    booleanAttribute.newInstance(CKA_UNWRAP, false),
                    booleanAttribute.newInstance(CKA_DERIVE, false));
            return (long) generateKey.invoke(p11, session, mechanism.newInstance(CKM_GENERIC_SECRET_KEY_GEN), template);
        });
    }

    private boolean flag(Object attribute) throws ReflectiveOperationException {
        return (boolean) getBoolean.invoke(attribute);
    }

    private Object template(Object... values) {
        Object array = Array.newInstance(attributeClass, values.length);
        for (int i = 0; i < values.length; i++) {
            Array.set(array, i, values[i]);
        }
        return array;
    }

    private interface SessionWork<T> {
        T apply(long session) throws ReflectiveOperationException;
    }

    private <T> T inSession(boolean readWrite, SessionWork<T> work) {
        try {
            long flags = CKF_SERIAL_SESSION | (readWrite ? CKF_RW_SESSION : 0);
            long session = (long) openSession.invoke(p11, slot, flags, null, null);
            try {
                return work.apply(session);
            } finally {
                closeSession.invoke(p11, session);
            }
        } catch (IllegalAccessException e) {
            throw notExported();
        } catch (InvocationTargetException e) {
            throw failed("reading the token", e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new Pkcs11Exception("this JVM's PKCS#11 wrapper is not the one Keysmith knows: " + e);
        }
    }

    private static Pkcs11Exception notExported() {
        return new Pkcs11Exception(
                "the start-up checks read the root key's attributes through the JDK's PKCS#11 wrapper;"
                        + " start the JVM with " + ADD_EXPORTS_OPTION
                        + " (keysmith-local.jar's manifest does this for java -jar; in Lambda, set it in JAVA_TOOL_OPTIONS)");
    }

    private static Pkcs11Exception failed(String what, Throwable cause) {
        return new Pkcs11Exception(what + " failed: " + cause.getClass().getSimpleName()
                + (cause.getMessage() == null ? "" : ": " + cause.getMessage()));
    }
}
