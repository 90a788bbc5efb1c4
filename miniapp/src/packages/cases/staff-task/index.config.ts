export default definePageConfig({
  navigationBarTitleText: '并联任务',
  enablePullDownRefresh: true,
});
