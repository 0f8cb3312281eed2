import { describe, expect, it } from 'vitest';
import { activityCompanyOptions } from '../../../../renderer/src/activity/activity-companies';
import { MESSAGES } from '../../../../renderer/src/i18n/messages';

const connected = new Map([
  ['202', 'Öst Bygg AB'],
  ['101', 'Café Söder AB'],
]);

describe('companies in the Activity filter', () => {
  it('offers the connected companies, then the companies seen only in the log, marked as disconnected', () => {
    const options = activityCompanyOptions(
      connected,
      [
        { tenantId: '101', name: 'Café Söder AB' },
        { tenantId: '909', name: null },
        { tenantId: '303', name: 'Gamla Bolaget AB' },
      ],
      MESSAGES.sv.activity,
      'sv',
    );

    expect(options).toEqual([
      { tenantId: '101', label: 'Café Söder AB', disconnected: false },
      { tenantId: '202', label: 'Öst Bygg AB', disconnected: false },
      { tenantId: '909', label: 'Databasnummer 909 (frånkopplat)', disconnected: true },
      { tenantId: '303', label: 'Gamla Bolaget AB (databasnummer 303, frånkopplat)', disconnected: true },
    ]);
  });

  it('marks a disconnected company in English too', () => {
    const options = activityCompanyOptions(new Map(), [{ tenantId: '303', name: 'Gamla Bolaget AB' }], MESSAGES.en.activity, 'en');

    expect(options).toEqual([{ tenantId: '303', label: 'Gamla Bolaget AB (database number 303, disconnected)', disconnected: true }]);
  });
});
