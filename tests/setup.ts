// Unit-test setup: IndexedDB for the store, and the Chrome APIs WXT's fake browser does not implement.
import 'fake-indexeddb/auto';
