package dev.resultstore.storage.gcs;

/** The conditional TCK again, with every key in a folder of the bucket (the {@code location} parameter). */
class GcsStorageInFolderContractTest extends GcsStorageContractTest {

    @Override
    protected String location() {
        return "/apps/billing/";
    }
}
