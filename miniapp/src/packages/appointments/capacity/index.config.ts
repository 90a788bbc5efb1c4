export default definePageConfig({
  navigationBarTitleText: '名额与停约',
});
