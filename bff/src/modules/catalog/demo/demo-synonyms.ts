import type { ValidSynonym } from '../services/import/validate-rows';

/**
 * What people type and what the catalogue calls it: the demo's city-wide synonyms table (seeded
 * through the importer's 同义词 sheet; admins edit it in the workbench).
 */
export const DEMO_SYNONYMS: ValidSynonym[] = [
  { term: '营业执照', expansions: ['设立登记'] },
  { term: '办执照', expansions: ['设立登记'] },
  { term: '开公司', expansions: ['有限责任公司设立登记', '企业名称自主申报'] },
  { term: '身份证', expansions: ['居民身份证'] },
  { term: '房产证', expansions: ['不动产权证书', '不动产登记'] },
  { term: '驾照', expansions: ['驾驶证'] },
  { term: '社保', expansions: ['社会保险', '社会保障卡'] },
  { term: '社保卡', expansions: ['社会保障卡'] },
  { term: '医保', expansions: ['医疗保险'] },
  { term: '低保', expansions: ['最低生活保障'] },
  { term: '养老金', expansions: ['养老保险待遇'] },
  { term: '失业金', expansions: ['失业保险金'] },
  { term: '结婚证', expansions: ['结婚登记'] },
  { term: '准生证', expansions: ['生育登记服务'] },
  { term: '出生证', expansions: ['出生医学证明'] },
  { term: '上户口', expansions: ['出生登记', '户口迁入'] },
];

/** 俗称 by name pattern: what people call these items (the guide shows them; search matches them). */
const ALIASES: Array<[RegExp, string[]]> = [
  [/^(有限责任公司|股份有限公司|个人独资企业|合伙企业|分公司)设立登记/, ['营业执照', '开公司']],
  [/^个体工商户设立登记/, ['营业执照', '个体执照']],
  [/^居民身份证申领/, ['办身份证']],
  [/^居民身份证(补领|换领)/, ['补办身份证']],
  [/^不动产权证书补发/, ['房产证补办']],
  [/^社会保障卡申领/, ['社保卡']],
  [/^机动车驾驶证/, ['驾照']],
  [/^普通护照签发/, ['办护照']],
  [/^出生登记/, ['新生儿上户口']],
  [/结婚登记/, ['领结婚证']],
];

export function demoAliases(name: string): string[] {
  return ALIASES.find(([pattern]) => pattern.test(name))?.[1] ?? [];
}
