#!/usr/bin/env node
// Placeholder until the guest image build lands (issue 2): the image helper replaces this file.
console.log('build-vm: no guest image build yet');
