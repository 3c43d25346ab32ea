package dev.resultstore.storage.azure;

import java.time.Duration;

/**
 * An Azurite on HTTPS (a certificate the test generated) that accepts Microsoft Entra ID tokens,
 * and that certificate, to trust it and to sign tokens. {@link AzuriteExtension} gives one per run.
 */
record SecureAzurite(Azurite azurite, SelfSignedTls tls) {

    static SecureAzurite start() throws Exception {
        SelfSignedTls tls = SelfSignedTls.create();
        return new SecureAzurite(Azurite.startWithOAuth(tls.certificatePem(), tls.keyPem()), tls);
    }

    /** {@code https://127.0.0.1:<port>/devstoreaccount1} */
    String endpoint() {
        return azurite.blobEndpoint();
    }

    /** A storage on this Azurite that authenticates with a token credential, trusting the test certificate; not started. */
    AzureBlobStorage tokenStorage(String container) {
        AzureBlobStorage storage = new AzureBlobStorage();
        storage.setEndpoint(endpoint());
        storage.setCredential("managed-identity");
        storage.setContainer(container);
        storage.setCreateContainer(true);
        storage.setTimeout(Duration.ofSeconds(20));
        storage.transport = tls::trustingClientBuilder;
        storage.entraId = (kind, http) -> tls.storageCredential();
        return storage;
    }
}
