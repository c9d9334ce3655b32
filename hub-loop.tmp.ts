import { createServer } from 'node:http';
import { sendLiveFixture, loopedRealRate } from './tests/fake-upstream/streams';
console.log('rate', loopedRealRate());
createServer((req, res) => { void sendLiveFixture(res, Number(process.env.RATE ?? loopedRealRate()), () => {}, () => false, true); }).listen(18777);
