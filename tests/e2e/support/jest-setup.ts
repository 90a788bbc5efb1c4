// A browser run builds the H5 app when missing and seeds 4,505 demo items: allow minutes, not seconds.
jest.setTimeout(300000);
