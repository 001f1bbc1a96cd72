// Copy the front-end libraries installed by npm into the app's static folder (served by the app,
// never from a CDN). Run by `npm run build`; the output folder is git-ignored.
import { cpSync, mkdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const modules = join(root, "node_modules");
const target = join(root, "gongzhi", "web", "static", "vendor");

const files = [
  ["htmx.org/dist/htmx.min.js", "htmx/htmx.min.js"],
  ["@picocss/pico/css/pico.min.css", "pico/pico.min.css"],
  ["bootstrap-icons/bootstrap-icons.svg", "bootstrap-icons/bootstrap-icons.svg"],
  ["bootstrap-icons/LICENSE", "bootstrap-icons/LICENSE"],
  ["leaflet/dist/leaflet.js", "leaflet/leaflet.js"],
  ["leaflet/dist/leaflet.css", "leaflet/leaflet.css"],
  ["leaflet/dist/images", "leaflet/images"],
  ["leaflet/LICENSE", "leaflet/LICENSE"],
  ["echarts/dist/echarts.min.js", "echarts/echarts.min.js"],
  ["echarts/LICENSE", "echarts/LICENSE"],
];

rmSync(target, { recursive: true, force: true });
for (const [from, to] of files) {
  const destination = join(target, to);
  mkdirSync(dirname(destination), { recursive: true });
  cpSync(join(modules, from), destination, { recursive: true });
}
console.log(`vendored ${files.length} front-end assets into ${target}`);
