import { itemApplicantKind } from './applicant-kind';

describe('itemApplicantKind (申报主体 from the guide)', () => {
  it.each([
    ['分公司设立登记', [], 'organisation'],
    ['有限责任公司变更登记', [], 'organisation'],
    ['个人独资企业设立登记', [], 'organisation'],
    ['个体工商户设立登记', [], 'person'],
    ['食品经营许可（新办）', ['申请人为依法登记的企业或个体工商户'], 'either-organisation-first'],
    ['不动产登记（宅基地使用权及房屋所有权首次登记）', ['申请人为不动产权利人'], 'person'],
  ] as const)('%s → %s', (name, conditions, kind) => {
    expect(itemApplicantKind({ name, conditions })).toBe(kind);
  });
});
