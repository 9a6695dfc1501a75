import { itsmPermissions, itsmRecordConditions } from './permissions';

describe('itsmPermissions', () => {
  it('names every permission with its action, record permissions with the itsm-record type', () => {
    expect(
      itsmPermissions.map(p => [
        p.name,
        p.attributes.action,
        'resourceType' in p ? p.resourceType : undefined,
      ]),
    ).toEqual([
      ['itsm.record.read', 'read', 'itsm-record'],
      ['itsm.service.create', 'create', undefined],
      ['itsm.service.admin', undefined, undefined],
      ['itsm.service.update', 'update', 'itsm-record'],
      ['itsm.incident.create', 'create', undefined],
      ['itsm.incident.update', 'update', 'itsm-record'],
      ['itsm.problem.create', 'create', undefined],
      ['itsm.problem.update', 'update', 'itsm-record'],
      ['itsm.change.create', 'create', undefined],
      ['itsm.change.update', 'update', 'itsm-record'],
      ['itsm.change.approve', 'update', 'itsm-record'],
      ['itsm.sla.admin', undefined, undefined],
      ['itsm.sla.read', 'read', undefined],
    ]);
  });
});

describe('itsmRecordConditions', () => {
  it('builds each rule condition on itsm-record with the given parameters', () => {
    const claims = ['group:default/payments-team'];
    expect(itsmRecordConditions.isOwner({ claims })).toEqual({
      rule: 'IS_OWNER',
      resourceType: 'itsm-record',
      params: { claims },
    });
    expect(itsmRecordConditions.isCabMember({ claims })).toEqual({
      rule: 'IS_CAB_MEMBER',
      resourceType: 'itsm-record',
      params: { claims },
    });
    expect(itsmRecordConditions.isRecordType({ types: ['change'] })).toEqual({
      rule: 'IS_RECORD_TYPE',
      resourceType: 'itsm-record',
      params: { types: ['change'] },
    });
  });
});
