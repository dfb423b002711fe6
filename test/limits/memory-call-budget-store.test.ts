import { MemoryCallBudgetStore } from '../../src/limits/memory-call-budget-store';
import { callBudgetStoreSuite } from './call-budget-store-suite';

describe('MemoryCallBudgetStore (the process)', () => {
  callBudgetStoreSuite((clock) => new MemoryCallBudgetStore({ clock }));
});
