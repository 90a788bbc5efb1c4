export default definePageConfig({
  navigationBarTitleText: '预约签到',
  enablePullDownRefresh: false,
});
