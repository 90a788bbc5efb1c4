/**
 * Demo reference data: the city's departments with the subjects and actions their items combine
 * (设立/变更/注销 登记 …), and how far each has come with the reform (share of items at ≤ 1 trip).
 * Names follow real municipal catalogues; the figures are invented but plausible.
 */
export interface DemoDepartment {
  code: string;
  name: string;
  /** Item names: every subject × action, plus the fixed names. */
  subjects: string[];
  actions: string[];
  /** How a subject and an action make a name (default: subject + action). */
  compose?: (subject: string, action: string) => string;
  fixed?: string[];
  /** Share of the department's items needing at most one trip. */
  reform: number;
  /** 公共服务 departments mostly deliver services rather than exercise powers. */
  publicService?: boolean;
  /** Has its own window in the 密山市 hall (county-level items are handled there). */
  inMishan?: boolean;
}

const REGISTER = ['设立登记', '变更登记', '注销登记', '备案'];
const BENEFIT = ['申领', '变更', '停发', '补发'];
const APPROVE = ['审批', '变更审批', '延续审批'];

export const DEMO_DEPARTMENTS: DemoDepartment[] = [
  {
    code: 'SCJG', name: '市市场监督管理局', reform: 0.815, inMishan: true,
    subjects: ['有限责任公司', '股份有限公司', '个人独资企业', '合伙企业', '农民专业合作社', '个体工商户', '外商投资企业', '分公司', '非公司企业法人'],
    actions: REGISTER,
    fixed: ['食品经营许可（新办）', '食品经营许可（延续）', '食品经营许可（变更）', '食品经营许可（注销）', '食品生产许可（新办）', '食品生产许可（延续）', '药品零售企业许可（新办）', '药品零售企业许可（变更）', '第二类医疗器械经营备案', '特种设备使用登记', '特种设备作业人员资格认定', '计量器具型式批准', '营业执照补领', '企业名称自主申报', '动产抵押登记', '股权出质登记', '广告发布登记', '工业产品生产许可证'],
  },
  {
    code: 'GA', name: '市公安局', reform: 0.735, inMishan: true,
    subjects: ['居民身份证', '居住证', '户口簿'],
    actions: ['申领', '换领', '补领'],
    fixed: ['出生登记', '死亡注销户口', '户口迁入（投靠）', '户口迁入（购房）', '户口迁入（人才引进）', '户口迁出', '姓名变更', '临时居民身份证申领', '无犯罪记录证明', '机动车注册登记', '机动车转移登记', '机动车抵押登记', '机动车驾驶证换证', '机动车驾驶证补证', '普通护照签发', '往来港澳通行证签发', '往来台湾通行证签发', '旅馆业特种行业许可', '公章刻制备案', '大型群众性活动安全许可', '烟花爆竹燃放许可', '剧毒化学品购买许可', '保安服务公司设立许可', '犬只登记'],
  },
  {
    code: 'RSJ', name: '市人力资源和社会保障局', reform: 0.795, publicService: true, inMishan: true,
    subjects: ['社会保障卡', '失业保险金', '城乡居民养老保险待遇', '企业职工基本养老保险待遇', '工伤保险待遇', '丧葬补助金', '遗属待遇'],
    actions: BENEFIT,
    fixed: ['社会保险登记', '社会保险注销登记', '养老保险关系转移接续', '城乡居民基本养老保险参保登记', '灵活就业人员参保登记', '就业创业证申领', '创业担保贷款申请', '职业技能鉴定', '职业培训补贴申领', '人力资源服务许可', '劳务派遣经营许可', '劳动人事争议仲裁申请', '退休审批', '高校毕业生就业见习补贴申领', '技能提升补贴申领'],
  },
  {
    code: 'GJJ', name: '市住房公积金管理中心', reform: 0.855, publicService: true, inMishan: true,
    subjects: ['住房公积金'],
    actions: ['提取（购房）', '提取（还贷）', '提取（租房）', '提取（退休）', '提取（离职）', '提取（大病）', '个人贷款申请', '贷款提前还款', '单位缴存登记', '个人账户设立', '个人账户转移', '缴存基数调整', '缴存证明出具', '贷款结清证明出具', '异地贷款缴存使用证明', '单位缴存变更登记'],
  },
  {
    code: 'ZRZY', name: '市自然资源局', reform: 0.515, inMishan: true,
    subjects: ['国有建设用地使用权', '国有建设用地使用权及房屋所有权', '宅基地使用权及房屋所有权', '土地承包经营权', '林权', '抵押权', '地役权', '预告'],
    actions: ['首次登记', '转移登记', '变更登记', '注销登记'],
    // Catalogues list these as sub-items (子项) of the main item 不动产登记.
    compose: (subject, action) => `不动产登记（${subject}${action}）`,
    fixed: ['不动产登记资料查询', '不动产权证书补发', '不动产更正登记', '不动产异议登记', '建设用地规划许可', '建设工程规划许可', '乡村建设规划许可', '临时用地审批', '采矿权登记', '探矿权登记', '建设项目用地预审'],
  },
  {
    code: 'ZJ', name: '市住房和城乡建设局', reform: 0.555,
    subjects: ['建筑工程施工许可', '建筑业企业资质', '房地产开发企业资质', '工程监理企业资质', '商品房预售许可'],
    actions: APPROVE,
    fixed: ['商品房买卖合同备案', '存量房买卖合同网签', '房屋租赁登记备案', '建设工程竣工验收备案', '建设工程消防设计审查', '建设工程消防验收', '城市建筑垃圾处置核准', '燃气经营许可', '物业专项维修资金使用审核', '公共租赁住房申请', '住房保障资格审核'],
  },
  {
    code: 'WJW', name: '市卫生健康委员会', reform: 0.635, inMishan: true,
    subjects: ['医疗机构执业许可', '医师执业注册', '护士执业注册', '公共场所卫生许可', '放射诊疗许可'],
    actions: ['（新办）', '（变更）', '（延续）', '（注销）'],
    fixed: ['出生医学证明签发', '出生医学证明补发', '生育登记服务', '再生育审批', '计划生育家庭特别扶助金申领', '农村部分计划生育家庭奖励扶助', '饮用水供水单位卫生许可', '母婴保健技术服务许可', '职业健康检查机构备案'],
  },
  {
    code: 'SW', name: '国家税务总局鸡西市税务局', reform: 0.855, inMishan: true,
    subjects: ['增值税', '企业所得税', '个人所得税', '契税', '房产税', '城镇土地使用税', '印花税'],
    actions: ['申报', '税收减免备案', '退（抵）税申请'],
    fixed: ['税务登记', '税务注销', '发票领用', '发票代开', '纳税信用评价复评', '完税证明开具', '一般纳税人登记', '跨区域涉税事项报告', '存量房交易税费申报'],
  },
  {
    code: 'MZ', name: '市民政局', reform: 0.775, publicService: true, inMishan: true,
    subjects: ['最低生活保障', '特困人员救助供养', '临时救助', '高龄津贴', '困难残疾人生活补贴', '重度残疾人护理补贴'],
    actions: ['申请', '变更', '停发'],
    fixed: ['内地居民结婚登记', '内地居民离婚登记', '补领结婚证', '补领离婚证', '社会团体成立登记', '社会团体变更登记', '社会团体注销登记', '民办非企业单位成立登记', '民办非企业单位注销登记', '养老机构备案', '殡葬补贴申领', '收养登记', '地名命名审批', '慈善组织认定'],
  },
  {
    code: 'JY', name: '市教育局', reform: 0.755, publicService: true, inMishan: true,
    subjects: ['民办学校', '幼儿园'],
    actions: ['设立审批', '变更审批', '终止审批'],
    fixed: ['义务教育阶段入学登记', '学籍转学', '教师资格认定', '教师资格证补发', '普通话水平测试', '学历证明', '校车使用许可', '家庭经济困难学生资助', '中等职业学校国家助学金申请', '高中阶段免学费申请', '适龄儿童少年免试入学'],
  },
  {
    code: 'ST', name: '市生态环境局', reform: 0.575,
    subjects: ['建设项目环境影响报告书', '建设项目环境影响报告表', '排污许可证', '危险废物经营许可证', '辐射安全许可证'],
    actions: APPROVE,
    fixed: ['建设项目环境影响登记表备案', '排污登记', '防治污染设施拆除审批', '突发环境事件应急预案备案'],
  },
  {
    code: 'JT', name: '市交通运输局', reform: 0.605,
    subjects: ['道路旅客运输经营许可', '道路货物运输经营许可', '出租汽车经营许可', '机动车维修经营备案', '道路运输从业资格'],
    actions: ['（新办）', '（变更）', '（延续）', '（注销）'],
    fixed: ['道路运输证配发', '超限运输车辆行驶公路许可', '公路建设项目施工许可', '占用挖掘公路许可', '网络预约出租汽车运输证核发', '驾驶员培训机构备案'],
  },
  {
    code: 'NY', name: '市农业农村局', reform: 0.755, inMishan: true,
    subjects: ['农药经营许可', '兽药经营许可', '种子生产经营许可', '动物防疫条件合格证', '拖拉机和联合收割机登记'],
    actions: ['（新办）', '（变更）', '（延续）'],
    fixed: ['农作物种子质量检验机构考核', '生猪定点屠宰厂（场）设置审查', '渔业捕捞许可', '农机购置补贴申领', '耕地地力保护补贴申领', '农村宅基地申请审批', '农民专业合作社示范社认定', '动物检疫合格证明出具'],
  },
  {
    code: 'SL', name: '市水务局', reform: 0.675,
    subjects: ['取水许可', '河道管理范围内建设项目', '生产建设项目水土保持方案'],
    actions: APPROVE,
    fixed: ['水利工程质量检测单位资质', '城市排水许可', '占用农业灌溉水源审批', '洪水影响评价审批'],
  },
  {
    code: 'SW2', name: '市商务局', reform: 0.805,
    subjects: ['对外贸易经营者', '单用途商业预付卡发卡企业', '报废机动车回收拆解企业', '拍卖企业'],
    actions: ['备案登记', '变更备案', '注销备案'],
    fixed: ['酒类流通备案', '成品油零售经营资格审核', '二手车交易市场备案', '外商投资企业信息报告'],
  },
  {
    code: 'WHLY', name: '市文化广电和旅游局', reform: 0.785,
    subjects: ['娱乐场所经营许可', '互联网上网服务营业场所经营许可', '营业性演出许可', '旅行社设立许可', '出版物零售单位设立'],
    actions: ['（新办）', '（变更）', '（注销）'],
    fixed: ['文物保护单位修缮审批', '广播电视设施迁建审批', '卫星电视地面接收设施安装许可', '导游证核发', '星级饭店评定', 'A级旅游景区评定'],
  },
  {
    code: 'YJ', name: '市应急管理局', reform: 0.655,
    subjects: ['危险化学品经营许可', '烟花爆竹经营（零售）许可', '非药品类易制毒化学品经营备案', '安全生产许可'],
    actions: ['（新办）', '（变更）', '（延续）'],
    fixed: ['生产安全事故应急预案备案', '特种作业操作证核发', '危险化学品建设项目安全条件审查', '金属冶炼建设项目安全设施设计审查'],
  },
  {
    code: 'XF', name: '市消防救援支队', reform: 0.695,
    subjects: ['公众聚集场所投入使用、营业前消防安全检查'],
    actions: ['（告知承诺）', '（现场检查）'],
    fixed: ['消防设计备案抽查', '大型群众性活动消防安全检查', '消防产品质量监督抽查', '火灾事故认定复核'],
  },
  {
    code: 'CZ', name: '市财政局', reform: 0.815,
    subjects: ['代理记账机构', '政府采购代理机构'],
    actions: ['审批', '变更备案', '注销'],
    fixed: ['会计专业技术资格证书管理', '非税收入票据领购', '政府采购供应商投诉处理', '财政票据核销'],
  },
  {
    code: 'FGW', name: '市发展和改革委员会', reform: 0.615,
    subjects: ['企业投资项目', '政府投资项目可行性研究报告', '政府投资项目初步设计'],
    actions: ['核准', '备案', '审批', '变更'],
    fixed: ['节能审查', '价格认定', '粮食收购资格认定', '招标方案核准', '重点项目并联审批服务'],
  },
  {
    code: 'GXJ', name: '市工业和信息化局', reform: 0.755,
    subjects: ['电力设施', '无线电台（站）设置'],
    actions: ['审批', '变更审批'],
    fixed: ['企业技术中心认定', '中小企业公共服务示范平台认定', '民用爆炸物品销售许可', '工业企业技术改造项目备案', '专精特新企业认定'],
  },
  {
    code: 'TJ', name: '市统计局', reform: 0.905,
    subjects: ['统计调查项目'],
    actions: ['审批', '备案'],
    fixed: ['统计数据查询', '涉外调查机构资格认定', '统计执法证核发'],
  },
  {
    code: 'SFJ', name: '市司法局', reform: 0.835, publicService: true,
    subjects: ['律师执业', '基层法律服务工作者执业', '司法鉴定人执业'],
    actions: ['核准', '变更', '注销'],
    fixed: ['法律援助申请', '公证申请', '人民调解申请', '律师事务所设立', '司法鉴定机构设立'],
  },
  {
    code: 'TYJ', name: '市退役军人事务局', reform: 0.795, publicService: true, inMishan: true,
    subjects: ['伤残抚恤', '优待抚恤金', '定期生活补助'],
    actions: ['申请', '变更', '停发'],
    fixed: ['退役士兵自主就业一次性经济补助', '退役军人安置', '烈士褒扬金发放', '光荣牌悬挂', '退役军人优待证申领'],
  },
  {
    code: 'YB', name: '市医疗保障局', reform: 0.825, publicService: true, inMishan: true,
    subjects: ['城乡居民基本医疗保险', '职工基本医疗保险', '生育保险'],
    actions: ['参保登记', '待遇申领', '关系转移接续', '变更'],
    fixed: ['异地就医备案', '门诊慢特病待遇认定', '医疗费用手工（零星）报销', '定点医药机构申请', '医疗救助申请', '医保电子凭证激活'],
  },
  {
    code: 'LC', name: '市林业和草原局', reform: 0.655,
    subjects: ['林木采伐许可', '使用林地', '野生动物驯养繁殖许可', '木材运输证'],
    actions: ['审批', '变更', '延续'],
    fixed: ['林草种子生产经营许可', '森林防火期内野外用火审批', '草原征占用审核'],
  },
  {
    code: 'CG', name: '市城市管理综合执法局', reform: 0.715,
    subjects: ['户外广告设置', '临时占用城市道路', '城市道路挖掘', '砍伐城市树木'],
    actions: ['许可', '延期', '变更'],
    fixed: ['城市生活垃圾经营性清扫收集运输许可', '建筑垃圾运输许可', '市政设施建设类审批', '大型户外活动审批'],
  },
  {
    code: 'RF', name: '市人民防空办公室', reform: 0.655,
    subjects: ['人防工程'],
    actions: ['易地建设审批', '拆除审批', '竣工验收备案'],
    fixed: ['人防工程设计审查', '人防警报设施拆除审批'],
  },
  {
    code: 'DA', name: '市档案馆', reform: 0.915, publicService: true,
    subjects: ['婚姻档案', '知青档案', '招工档案', '退伍档案'],
    actions: ['查询', '出具证明'],
    fixed: ['档案寄存', '档案利用'],
  },
  {
    code: 'QX', name: '市气象局', reform: 0.775,
    subjects: ['升放无人驾驶自由气球或者系留气球活动'],
    actions: ['审批', '变更'],
    fixed: ['防雷装置设计审核', '防雷装置竣工验收', '雷电灾害鉴定', '气象资料查询'],
  },
  {
    code: 'DZ', name: '市地震局', reform: 0.805,
    subjects: ['建设工程地震安全性评价'],
    actions: ['审定', '备案'],
    fixed: ['地震监测设施保护范围内建设审核'],
  },
  {
    code: 'YC', name: '市烟草专卖局', reform: 0.835,
    subjects: ['烟草专卖零售许可证'],
    actions: ['（新办）', '（延续）', '（变更）', '（停业）', '（歇业）', '（补办）'],
  },
  {
    code: 'MZZJ', name: '市民族宗教事务局', reform: 0.755,
    subjects: ['宗教活动场所', '宗教临时活动地点'],
    actions: ['设立审批', '变更登记', '注销'],
    fixed: ['清真食品生产经营许可'],
  },
  {
    code: 'KJ', name: '市科学技术局', reform: 0.835,
    subjects: ['高新技术企业', '科技型中小企业', '技术合同'],
    actions: ['认定', '登记', '变更'],
    fixed: ['科技成果登记', '科技特派员认定'],
  },
  {
    code: 'TY', name: '市体育局', reform: 0.805,
    subjects: ['高危险性体育项目经营许可'],
    actions: ['（新办）', '（延续）', '（变更）'],
    fixed: ['社会体育指导员技术等级认定', '运动员技术等级认定', '体育类民办非企业单位业务审查'],
  },
  {
    code: 'XZSP', name: '市行政审批服务局', reform: 0.875,
    subjects: ['企业开办一件事', '工程建设项目'],
    actions: ['联办申请', '进度查询', '帮办代办'],
    fixed: ['政务服务好差评申诉', '证明材料核验服务', '邮寄送达申请'],
  },
  {
    code: 'GSL', name: '市总工会', reform: 0.855, publicService: true,
    subjects: ['困难职工帮扶', '职工医疗互助'],
    actions: ['申请', '变更'],
    fixed: ['工会法人资格登记', '劳模待遇申领'],
  },
  {
    code: 'CL', name: '市残疾人联合会', reform: 0.855, publicService: true, inMishan: true,
    subjects: ['残疾人证'],
    actions: ['申领', '换领', '补办', '迁移', '注销'],
    fixed: ['残疾人辅助器具适配', '残疾儿童康复救助', '残疾人就业补贴'],
  },
  {
    code: 'GT', name: '共青团鸡西市委员会', reform: 0.905, publicService: true,
    subjects: ['青年创业扶持', '希望工程助学'],
    actions: ['申请'],
  },
  {
    code: 'FL', name: '市妇女联合会', reform: 0.905, publicService: true,
    subjects: ['妇女创业贷款', '妇女儿童维权'],
    actions: ['申请', '咨询'],
  },
  {
    code: 'GDJ', name: '国网鸡西供电公司', reform: 0.855, publicService: true, inMishan: true,
    subjects: ['低压居民用电', '低压非居民用电', '高压用电'],
    actions: ['新装', '增容', '过户', '销户', '更名'],
  },
  {
    code: 'GS', name: '市供水公司', reform: 0.835, publicService: true,
    subjects: ['居民用水', '非居民用水'],
    actions: ['报装', '过户', '销户', '水表迁移'],
  },
  {
    code: 'RQ', name: '市燃气公司', reform: 0.815, publicService: true,
    subjects: ['居民管道燃气', '非居民管道燃气'],
    actions: ['报装', '过户', '销户', '改装'],
  },
  {
    code: 'RL', name: '市热力公司', reform: 0.815, publicService: true,
    subjects: ['集中供热'],
    actions: ['入网申请', '过户', '停供申请', '恢复供热'],
  },
  {
    code: 'DX', name: '中国电信鸡西分公司', reform: 0.905, publicService: true,
    subjects: ['宽带', '固定电话'],
    actions: ['新装', '移机', '过户', '拆机'],
  },
  {
    code: 'YZ', name: '市邮政管理局', reform: 0.805,
    subjects: ['快递业务经营许可'],
    actions: ['（新办）', '（变更）', '（延续）', '（注销）'],
    fixed: ['快递末端网点备案'],
  },
  {
    code: 'HG', name: '鸡西海关', reform: 0.755,
    subjects: ['报关单位', '进出口货物收发货人'],
    actions: ['备案', '变更', '注销'],
    fixed: ['出口食品生产企业备案', '进境动植物检疫审批'],
  },
  {
    code: 'RMYH', name: '中国人民银行鸡西市分行', reform: 0.775,
    subjects: ['银行账户'],
    actions: ['开立核准', '变更', '撤销'],
    fixed: ['个人信用报告查询', '企业信用报告查询', '征信异议申请'],
  },
  {
    code: 'GY', name: '市国有资产监督管理委员会', reform: 0.755,
    subjects: ['国有产权'],
    actions: ['登记', '变动审批', '注销'],
  },
  {
    code: 'XFJ', name: '市信访局', reform: 0.855, publicService: true,
    subjects: ['信访事项'],
    actions: ['受理', '复查', '复核'],
  },
];

export const DEMO_TARGET_ITEMS = 4505;
