// The only place that imports NutUI: named imports (tree-shaken, the package marks JS as side-effect free)
// plus the style of each component we use, so the bundle carries only what the pages need.
import '@nutui/icons-react-taro/dist/style_icon.css';
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css';
import '@nutui/nutui-react-taro/dist/es/packages/progress/style/css';
import '@nutui/nutui-react-taro/dist/es/packages/searchbar/style/css';
import '@nutui/nutui-react-taro/dist/es/packages/tag/style/css';

export { Button, Progress, SearchBar, Tag } from '@nutui/nutui-react-taro';
