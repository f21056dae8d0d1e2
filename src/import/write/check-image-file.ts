import { readFile } from "node:fs/promises";
import { supportedImageFormats } from "../../images/image-registry.js";
import { createSharpProcessor, type ImageProcessor } from "../../images/sharp-processor.js";

let processor: ImageProcessor | undefined;

/**
 * Whether the build could publish the file as an image: read by the build's own sharp
 * processor, in a format the build takes, every pixel decodable. A file that fails is linked to
 * instead of shown, so that the imported site builds.
 */
export async function checkImageFile(absPath: string): Promise<boolean> {
  processor ??= createSharpProcessor();
  try {
    const bytes = await readFile(absPath);
    const info = await processor.inspect(bytes);
    if (!supportedImageFormats.has(info.format) || info.width < 1 || info.height < 1) return false;
    if (info.format !== "svg") await processor.decode(bytes);
    return true;
  } catch {
    return false;
  }
}
