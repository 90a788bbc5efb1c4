export default definePageConfig({ navigationBarTitleText: '常见问题管理', enablePullDownRefresh: true });
