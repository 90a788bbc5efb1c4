import { maskName, type EnterpriseClaim, type VerifyEnterpriseRequest } from '@app/shared';
import { AppError } from '../../../http/app-error';
import type { Ownership, Principal } from '../../auth/access/principal';
import type { CaseFileStore } from '../../cases/repositories/case.repository';
import type { DetectedFile } from '../../cases/services/file-type';
import type { UserRepository } from '../../users/repositories/user.repository';
import type { UserService } from '../../users/services/user.service';
import type { Enterprise, EnterpriseRepository } from '../repositories/enterprise.repository';

/**
 * The first admin of an enterprise is who they say only once hall staff (or an admin) have looked at
 * the business licence (营业执照) they uploaded: until then the enterprise is `pending`, the claimant's
 * membership is pending and grants nothing. Approval makes the enterprise verified and the claimant
 * an active admin; refusal deletes the claim, so the rightful company can still bind its code. The
 * licence picture is stored like case materials (same upload rules: ≤ 5 MB, JPEG/PNG/PDF by magic
 * bytes), in its own GridFS bucket.
 */
export function createEnterpriseVerificationService(deps: {
  enterprises: EnterpriseRepository;
  users: UserRepository;
  userService: UserService;
  files: CaseFileStore;
}) {
  const { enterprises, users, userService, files } = deps;

  const licenceUrl = (e: Enterprise) => `/api/enterprises/${e.id}/licence`;

  async function claimView(e: Enterprise): Promise<EnterpriseClaim> {
    const claimant = await users.findById(e.adminUserId);
    return {
      enterpriseId: e.id,
      creditCode: e.creditCode,
      name: e.name,
      ...(claimant?.name ? { claimantNameMasked: maskName(claimant.name) } : {}),
      ...(claimant?.phoneMasked ? { claimantPhoneMasked: claimant.phoneMasked } : {}),
      requestedAt: e.createdAt.toISOString(),
      ...(e.licence
        ? {
            licence: {
              fileId: e.licence.fileId,
              filename: e.licence.filename,
              contentType: e.licence.contentType,
              size: e.licence.size,
              uploadedAt: e.licence.uploadedAt.toISOString(),
              url: licenceUrl(e),
            },
          }
        : {}),
    };
  }

  return {
    /**
     * For the access policy of the claim's routes: the claimant's own record; while it waits, any
     * staff member who works in a hall may check it (no department owns a company's identity).
     */
    async claimOwnership(enterpriseId: string): Promise<Ownership | undefined> {
      const e = await enterprises.findById(enterpriseId);
      if (!e) return undefined;
      return { userId: e.adminUserId, ...(e.verified ? {} : { anyHallStaff: true }) };
    },

    async uploadLicence(p: Principal, enterpriseId: string, file: DetectedFile): Promise<EnterpriseClaim> {
      const e = await enterprises.findById(enterpriseId);
      if (!e || e.adminUserId !== p.userId) throw new AppError('NOT_FOUND');
      if (e.verified) throw new AppError('ENTERPRISE_NOT_PENDING');
      const fileId = await files.put(file.data, {
        filename: file.filename,
        contentType: file.contentType,
        caseId: enterpriseId,
      });
      const set = await enterprises.setLicence(enterpriseId, {
        fileId: String(fileId),
        filename: file.filename,
        contentType: file.contentType,
        size: file.data.length,
        uploadedAt: new Date(),
      });
      if (!set) {
        await files.remove(fileId);
        throw new AppError('ENTERPRISE_NOT_PENDING');
      }
      if (set.replaced) await files.removeById(set.replaced);
      return claimView((await enterprises.findById(enterpriseId))!);
    },

    async openLicence(enterpriseId: string) {
      const e = await enterprises.findById(enterpriseId);
      const file = e?.licence ? await files.open(enterpriseId, e.licence.fileId) : undefined;
      if (!file) throw new AppError('CASE_FILE_NOT_FOUND', '尚未上传营业执照');
      return file;
    },

    /** The staff queue: claims waiting, oldest first. */
    async pendingClaims(): Promise<EnterpriseClaim[]> {
      return Promise.all((await enterprises.listPending()).map(claimView));
    },

    async verify(
      p: Principal,
      enterpriseId: string,
      body: VerifyEnterpriseRequest,
    ): Promise<{ enterprise: Enterprise; verified: boolean }> {
      const e = await enterprises.findById(enterpriseId);
      if (!e) throw new AppError('NOT_FOUND');
      if (e.verified) throw new AppError('ENTERPRISE_NOT_PENDING');
      if (body.decision === 'reject') {
        const gone = await enterprises.deletePending(enterpriseId);
        if (!gone) throw new AppError('ENTERPRISE_NOT_PENDING');
        if (gone.licence) await files.removeById(gone.licence.fileId);
        return { enterprise: gone, verified: false };
      }
      // Staff approve from the picture; an admin may approve without one.
      if (p.role === 'staff' && !e.licence) throw new AppError('ENTERPRISE_LICENCE_REQUIRED');
      const verified = await enterprises.markVerified(enterpriseId, p.userId);
      if (!verified) throw new AppError('ENTERPRISE_NOT_PENDING');
      await enterprises.changeMembership(
        enterpriseId,
        e.adminUserId,
        { status: ['pending'], role: 'admin' },
        { status: 'active' },
        p.userId,
      );
      await userService.becomeEnterpriseUser(e.adminUserId);
      return { enterprise: verified, verified: true };
    },
  };
}
export type EnterpriseVerificationService = ReturnType<typeof createEnterpriseVerificationService>;
