export default definePageConfig({
  navigationBarTitleText: '办事',
  onReachBottomDistance: 80,
});
