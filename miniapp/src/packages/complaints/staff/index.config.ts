export default definePageConfig({
  navigationBarTitleText: '投诉工作台',
  enablePullDownRefresh: true,
  onReachBottomDistance: 120,
});
