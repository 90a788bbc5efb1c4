export default defineAppConfig({
  pages: ['pages/home/index', 'pages/catalog/index', 'pages/mine/index', 'pages/not-found/index'],
  subPackages: [
    {
      // capability `catalog`: the full guide (一次性告知) and search results load on demand
      root: 'packages/catalog',
      pages: ['guide/index', 'search/index', 'synonyms/index'],
    },
    // capability `users`: 实名信息
    { root: 'packages/users', pages: ['real-name/index'] },
    // capability `enterprises`: my memberships, binding by 统一社会信用代码, the enterprise (cases, members),
    // staff 企业认证 (the first admin's business licence)
    { root: 'packages/enterprises', pages: ['mine/index', 'bind/index', 'detail/index', 'claims/index'] },
    // capability `auth`: staff username / password login
    { root: 'packages/auth', pages: ['staff-login/index'] },
    // the staff workbench shell (later issues fill its sections) and the supervisors' audit log
    { root: 'packages/workbench', pages: ['home/index', 'audit/index'] },
    // capability `appointments`: 预约办理 flow (hall → date → slot → confirm), ticket, 我的预约, staff 预约签到
    // and 名额与停约
    {
      root: 'packages/appointments',
      pages: [
        'halls/index',
        'date/index',
        'slot/index',
        'confirm/index',
        'ticket/index',
        'mine/index',
        'staff/index',
        'capacity/index',
      ],
    },
    // capability `cases`: 在线申报, 我的办件, case page, public 查询进度, staff queue and case actions,
    // a parallel department's task view
    {
      root: 'packages/cases',
      pages: [
        'apply/index',
        'mine/index',
        'detail/index',
        'progress/index',
        'staff/index',
        'staff-case/index',
        'staff-task/index',
      ],
    },
    // capability `consultations`: 我要咨询 (FAQ suggestions while typing), 我的咨询, the thread, a FAQ entry,
    // staff queue and consultation page (actions, publish as FAQ)
    {
      root: 'packages/consultations',
      pages: [
        'ask/index',
        'mine/index',
        'thread/index',
        'faq/index',
        'staff/index',
        'staff-thread/index',
        'staff-faq/index',
        // 常见问题 search (linked from 首页 and 我要咨询): was missing, so WeChat refused those navigations
        'faq-search/index',
      ],
    },
    // capability `complaints`: 我要投诉 / 建议 / 举报, 我的投诉, and the workbench's 派单 / 承办 / 回访 / 督办
    {
      root: 'packages/complaints',
      pages: ['new/index', 'mine/index', 'detail/index', 'staff/index', 'staff-complaint/index'],
    },
    // capability `ratings`: 评价 (rate / 追评 / 整改后评价), 我的 → 待评价, workbench 整改 queue and page
    {
      root: 'packages/ratings',
      pages: ['rate/index', 'pending/index', 'staff/index', 'rectification/index'],
    },
    // capability `supervision`: 督查 (figures, charts, Excel exports)
    { root: 'packages/supervision', pages: ['dashboard/index'] },
  ],
  preloadRule: {
    'pages/catalog/index': { network: 'all', packages: ['packages/catalog'] },
    'pages/home/index': { network: 'all', packages: ['packages/catalog'] },
    'pages/mine/index': { network: 'all', packages: ['packages/users', 'packages/enterprises'] },
    'packages/catalog/guide/index': { network: 'all', packages: ['packages/appointments'] },
  },
  window: {
    backgroundTextStyle: 'light',
    navigationBarBackgroundColor: '#1f5fbf',
    navigationBarTitleText: '最多跑一次',
    navigationBarTextStyle: 'white',
    // 'default' is what WeChat does anyway; on H5 it makes Taro draw the title bar with back / home buttons.
    navigationStyle: 'default',
    backgroundColor: '#f4f6fa',
  },
  tabBar: {
    color: '#7a8391',
    selectedColor: '#1f5fbf',
    backgroundColor: '#ffffff',
    borderStyle: 'black',
    list: [
      {
        pagePath: 'pages/home/index',
        text: '首页',
        iconPath: 'assets/tabbar/home.png',
        selectedIconPath: 'assets/tabbar/home-active.png',
      },
      {
        pagePath: 'pages/catalog/index',
        text: '办事',
        iconPath: 'assets/tabbar/catalog.png',
        selectedIconPath: 'assets/tabbar/catalog-active.png',
      },
      {
        pagePath: 'pages/mine/index',
        text: '我的',
        iconPath: 'assets/tabbar/mine.png',
        selectedIconPath: 'assets/tabbar/mine-active.png',
      },
    ],
  },
});
