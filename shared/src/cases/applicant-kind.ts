/**
 * 申报主体 of an item, from what its guide says (the catalogue has no separate 服务对象 column):
 * - `organisation`: only an organisation may apply (company / branch registration, enterprise licences);
 * - `either-organisation-first`: a person may, but the conditions name an enterprise or unit;
 * - `person`: everything else (an enterprise member may still choose the enterprise).
 */
export type ItemApplicantKind = 'organisation' | 'either-organisation-first' | 'person';

const ORGANISATION_NAME = /(有限责任公司|股份有限公司|分公司|公司|企业|法人|合伙|合作社|社会组织|民办非企业)/;
const PERSONAL_NAME = /(个体工商户|居民|自然人|身份证|户口|婚姻|出生|驾驶)/;
const ORGANISATION_CONDITION = /(企业|公司|法人|单位|合作社|经营者)/;

export function itemApplicantKind(item: { name: string; conditions?: readonly string[] }): ItemApplicantKind {
  if (ORGANISATION_NAME.test(item.name) && !PERSONAL_NAME.test(item.name)) return 'organisation';
  if ((item.conditions ?? []).some((c) => ORGANISATION_CONDITION.test(c))) return 'either-organisation-first';
  return 'person';
}
