export default definePageConfig({
  navigationBarTitleText: '企业办件与成员',
});
