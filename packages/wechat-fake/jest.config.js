module.exports = require('../../jest.base.js')('wechat-fake');
