package dev.resultstore.storage.azure;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.identity.ClientSecretCredentialBuilder;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.identity.ManagedIdentityCredentialBuilder;

/**
 * Builds the Microsoft Entra ID credentials of the optional azure-identity library. Only this class
 * links to it, and it is loaded only once a credential is wanted and
 * {@link AzureBlobStorage#entraIdAvailable()} found the library: the connector runs without it.
 */
final class EntraIdCredentials {

    private EntraIdCredentials() {
    }

    /** The credential of {@code kind} ({@link AzureBlobStorage#CREDENTIAL_KINDS}), on the connector's HTTP client. */
    static TokenCredential create(String kind, String tenantId, String clientId, String clientSecret, HttpClient http) {
        return switch (kind) {
            case "default" -> {
                DefaultAzureCredentialBuilder builder = new DefaultAzureCredentialBuilder().httpClient(http);
                if (clientId != null) {
                    builder.managedIdentityClientId(clientId);
                }
                yield builder.build();
            }
            case "managed-identity" -> {
                ManagedIdentityCredentialBuilder builder = new ManagedIdentityCredentialBuilder().httpClient(http);
                if (clientId != null) {
                    builder.clientId(clientId);
                }
                yield builder.build();
            }
            case "client-secret" -> new ClientSecretCredentialBuilder().httpClient(http)
                    .tenantId(tenantId).clientId(clientId).clientSecret(clientSecret).build();
            default -> throw new IllegalArgumentException("unknown credential kind");
        };
    }
}
