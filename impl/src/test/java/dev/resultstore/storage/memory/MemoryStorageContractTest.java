package dev.resultstore.storage.memory;

import dev.resultstore.spi.Storage;
import dev.resultstore.tck.ConditionalStorageContractTest;

class MemoryStorageContractTest extends ConditionalStorageContractTest {

    @Override
    protected Storage createStorage() {
        return new MemoryStorage();
    }
}
