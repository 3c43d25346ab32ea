package dev.resultstore.storage.memory;

import dev.resultstore.spi.Storage;
import dev.resultstore.tck.StorageContractTest;

class MemoryStorageContractTest extends StorageContractTest {

    @Override
    protected Storage createStorage() {
        return new MemoryStorage();
    }
}
