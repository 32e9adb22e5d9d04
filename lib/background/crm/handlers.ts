/** The background's answers to the CRM messages (lib/messaging/crm.ts): each hands over to the CRM service. */
import type { Handlers } from '../../messaging/server';
import type { CrmService } from './crm';
import { requireFeature } from '../policy/features';

type CrmHandlers = Pick<
  Handlers,
  'getCrmStatus' | 'connectCrm' | 'disconnectCrm' | 'findInCrm' | 'getCrmRecord' | 'previewCrmSave' | 'saveToCrm' | 'saveListToCrm' | 'getCrmOutbox' | 'actOnCrmWrite' | 'revealForCrm'
>;

export function createCrmHandlers(crm: CrmService, changed: () => void): CrmHandlers {
  return {
    getCrmStatus: () => crm.status(),
    async connectCrm(request) {
      const status = await crm.connect(request);
      changed();
      return status;
    },
    async disconnectCrm({ dropWaiting }) {
      const status = await crm.disconnect(dropWaiting);
      changed();
      return status;
    },
    findInCrm: ({ people, companies, fresh }) => crm.find(people, companies, fresh),
    getCrmRecord: ({ id, pageUrl }) => crm.record(id, pageUrl),
    previewCrmSave: ({ person, recordId }) => crm.preview(person, recordId),
    saveToCrm: ({ writes, wait }) => crm.save(writes, wait),
    saveListToCrm: ({ jobId, people }) => crm.saveEntities(jobId, people),
    getCrmOutbox: ({ jobId }) => crm.list(jobId),
    async actOnCrmWrite({ id, action, createAnyway, updateRecordId, allowDuplicate }) {
      // Dropping a write stays allowed when the organisation switched CRM writes off; sending it again does not.
      if (action === 'retry') await requireFeature('crm-write');
      return crm.act(id, action, { createAnyway, updateRecordId, allowDuplicate });
    },
    revealForCrm: ({ contactId, fields, confirmedCredits, intentId }) => crm.fillReveal(contactId, fields, confirmedCredits, intentId),
  };
}
