import { mongo, Types } from 'mongoose';

/** Stores `data` as a GridFS file under a new id, with `metadata` (who it belongs to, its type). */
export async function putGridFile(
  bucket: mongo.GridFSBucket,
  data: Buffer,
  filename: string,
  metadata: Record<string, unknown>,
): Promise<Types.ObjectId> {
  const id = new Types.ObjectId();
  await new Promise<void>((resolve, reject) => {
    const upload = bucket.openUploadStreamWithId(id, filename, { metadata });
    upload.once('error', reject).once('finish', () => resolve());
    upload.end(data);
  });
  return id;
}
