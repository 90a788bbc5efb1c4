import busboy from 'busboy';
import type { Context } from 'koa';
import { CASE_FILE_MAX_BYTES } from '@app/shared';
import { AppError } from '../../../http/app-error';
import { detectFileType, safeFilename, type DetectedFile } from '../services/file-type';

export interface MultipartUpload {
  fields: Record<string, string>;
  file?: DetectedFile;
}

/**
 * Reads one `multipart/form-data` upload into memory (≤ 5 MB, one file, a few short fields). Too big
 * → 413 CASE_FILE_TOO_LARGE; not JPEG/PNG/PDF by its magic bytes → 415 CASE_FILE_TYPE_NOT_ALLOWED.
 * Every upload route reads its file here, so file names are decoded one way everywhere (UTF-8 and
 * `filename*`).
 */
export async function readUpload(ctx: Context, maxBytes = CASE_FILE_MAX_BYTES): Promise<MultipartUpload> {
  if (!ctx.is('multipart/form-data'))
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', '请以 multipart/form-data 上传文件');
  const declared = Number(ctx.get('content-length') || 0);
  if (declared > maxBytes + 64 * 1024) {
    ctx.req.resume();
    throw new AppError('CASE_FILE_TOO_LARGE');
  }
  const fields: Record<string, string> = {};
  let raw: { name?: string; data: Buffer; truncated: boolean } | undefined;
  await new Promise<void>((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: ctx.req.headers,
        limits: { files: 1, fileSize: maxBytes, fields: 10, fieldSize: 2000 },
        // File names are UTF-8 as browsers and wx.uploadFile send them (busboy's default is latin1,
        // which garbled 申请表.png); RFC 5987 `filename*=UTF-8''…` wins when given.
        defParamCharset: 'utf8',
      });
    } catch {
      reject(new AppError('VALIDATION_FAILED', '上传内容格式不正确'));
      return;
    }
    parser.on('field', (name, value) => {
      fields[name] = value;
    });
    parser.on('file', (_name, stream, info) => {
      const chunks: Buffer[] = [];
      let truncated = false;
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('limit', () => {
        truncated = true;
      });
      stream.on('close', () => {
        raw = { name: info.filename, data: Buffer.concat(chunks), truncated };
      });
    });
    parser.on('error', () => reject(new AppError('VALIDATION_FAILED', '上传内容格式不正确')));
    parser.on('close', () => resolve());
    ctx.req.pipe(parser);
  });
  if (!raw) return { fields };
  if (raw.truncated) throw new AppError('CASE_FILE_TOO_LARGE');
  const type = detectFileType(raw.data);
  if (!type) throw new AppError('CASE_FILE_TYPE_NOT_ALLOWED');
  return {
    fields,
    file: { filename: safeFilename(raw.name, type.ext), contentType: type.type, data: raw.data },
  };
}
