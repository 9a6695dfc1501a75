import {
  ITSM_RECORD_RESOURCE_TYPE,
  itsmPermissions,
  itsmRecordConditions,
} from './permissions';

describe('itsmPermissions', () => {
  it('names every permission with its action, record permissions with the itsm-record type', () => {
    expect(
      itsmPermissions.map(p => [
        p.name,
        p.attributes.action,
        'resourceType' in p ? p.resourceType : undefined,
      ]),
    ).toEqual([
      ['itsm.record.read', 'read', ITSM_RECORD_RESOURCE_TYPE],
      ['itsm.service.create', 'create', undefined],
      ['itsm.service.admin', undefined, undefined],
      ['itsm.service.update', 'update', ITSM_RECORD_RESOURCE_TYPE],
      ['itsm.incident.create', 'create', undefined],
      ['itsm.incident.update', 'update', ITSM_RECORD_RESOURCE_TYPE],
      ['itsm.problem.create', 'create', undefined],
      ['itsm.problem.update', 'update', ITSM_RECORD_RESOURCE_TYPE],
      ['itsm.change.create', 'create', undefined],
      ['itsm.change.update', 'update', ITSM_RECORD_RESOURCE_TYPE],
      ['itsm.change.approve', 'update', ITSM_RECORD_RESOURCE_TYPE],
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
