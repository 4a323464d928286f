// `require('vscode')` → the stand-in in this folder. Required first by every test file.
'use strict';

const Module = require('node:module');
const path = require('node:path');

const STUB = path.join(__dirname, 'vscode.js');
const resolve = Module._resolveFilename;
Module._resolveFilename = function resolveVscode(request, ...rest) {
  return request === 'vscode' ? STUB : resolve.call(this, request, ...rest);
};

module.exports = require(STUB);
